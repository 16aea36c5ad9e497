/* The page's language for screen readers and the browser (ui.chrome.document_language): the
 * interface language, which Streamlit's page never states (<html lang> stays "en"). This runs
 * in a component's frame of the same origin, and writes to the page that holds it. */
(function () {
  var lang = document.documentElement.getAttribute('data-mm-lang');
  if (lang && window.parent && window.parent.document) {
    window.parent.document.documentElement.lang = lang;
  }
})();
