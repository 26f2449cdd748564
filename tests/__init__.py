"""The tests, in folders by layer (one per package of planner/ and ui/); helpers in support/,
architecture and package checks at the top."""
