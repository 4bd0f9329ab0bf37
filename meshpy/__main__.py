import sys

from . import cli

status = cli.main()
if cli.batch_done:  # check/build: nothing of the compiler needs tidying up
    cli.exit_now(status)
sys.exit(status)
