"""`python -m blogfolio` runs the command line."""

from blogfolio.cli import main

if __name__ == "__main__":
    main()
