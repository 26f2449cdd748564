"""The plan: its typed sections, reading and writing plan files, the starter plans, and the words
for its ids. Depends on nothing else in the planner."""
