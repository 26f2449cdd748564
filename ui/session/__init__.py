"""The only UI modules that touch `st.session_state` and storage: the current plan and its
autosave."""
