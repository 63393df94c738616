"""The command-line commands behind `cli.py`: ask and shell, eval, today, broadcast."""
