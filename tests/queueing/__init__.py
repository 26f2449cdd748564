"""planner/queueing: Erlang C and A by hand, against pyworkforce and against a simulation."""
