"""Queue staffing kernels: Erlang C and Erlang A over numpy arrays (`erlang`), and staffing per
interval for each channel, voice, chat, email, back office and outbound (`channels`). No plan, no
I/O."""
