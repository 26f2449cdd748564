"""The bid desk: from a prospect's contact history to a staffed, priced proposal.

history (`history.py`) -> forecast (`forecast.py`) -> staff per interval by channel
(`planner.queueing.channels`) -> shifts (`shifts.py`) -> cost to serve and prices under eight
billing models (`pricing.py`) -> the whole bid (`desk.py`) and the prospect it adds to a plan
(`to_plan.py`). The shared value types live in `types.py`.
"""
