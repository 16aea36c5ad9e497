"""Entry point: `streamlit run app.py`."""

import streamlit as st

st.set_page_config(page_title="Mali conflict map", page_icon=":world_map:", layout="wide")
navigation = st.navigation([st.Page("pages/record.py", title="Record", default=True)])
navigation.run()
