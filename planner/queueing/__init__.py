"""Queue staffing kernels: Erlang C and Erlang A over numpy arrays. No plan, no I/O."""
