"""The command line (`python -m planner` or `bpo-planner`): one argparse front (`main`), one
module a command (`summary` with `templates`, `staffing`, `export`, `plans`), over the same
functions the app uses."""
