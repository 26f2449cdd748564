"""The command line (`python -m planner` or `bpo-planner`): one argparse front, one module a
command, over the same functions the app uses."""
