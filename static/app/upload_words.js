/* The file uploader's words in the interface language (ui.upload.upload_words). Streamlit writes
 * its uploader's button, limit and drop hint in English whatever the page's language (it has no
 * locale for them); this frame, of the same origin, gives the page the language file's words as
 * CSS variables (quoted CSS strings), and static/app/upload.css shows them in place of
 * Streamlit's once the page's <html> has the class mm-upload-words. */
(function () {
  var data = document.documentElement.dataset;
  if (!window.parent || !window.parent.document) {
    return;
  }
  var root = window.parent.document.documentElement;
  var words = { button: data.mmUploadButton, limit: data.mmUploadLimit, drop: data.mmUploadDrop };
  Object.keys(words).forEach(function (name) {
    if (typeof words[name] === 'string') {
      // JSON's quoting is a valid CSS string: quotes and backslashes escaped, the rest as is.
      root.style.setProperty('--mm-upload-' + name, JSON.stringify(words[name]));
    }
  });
  root.classList.add('mm-upload-words');
  // The button's own words are hidden (upload.css): it is named for assistive technology by its
  // aria-label, set on every uploader button Streamlit draws, now and after its reruns.
  if (typeof words.button !== 'string') {
    return;
  }
  var page = window.parent.document;
  function name() {
    page.querySelectorAll('[data-testid="stFileUploaderDropzone"] button').forEach(function (button) {
      if (button.getAttribute('aria-label') !== words.button) {
        button.setAttribute('aria-label', words.button);
      }
    });
  }
  name();
  new window.parent.MutationObserver(name).observe(page.body, {childList: true, subtree: true});
})();
