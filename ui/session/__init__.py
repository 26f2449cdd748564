"""The session: `state` keeps the current plan in `st.session_state` (the pages' API) and calls
`persistence`, the one adapter between a session and the plans database. `persistence` imports
nothing from `ui`, so the two never import each other."""
