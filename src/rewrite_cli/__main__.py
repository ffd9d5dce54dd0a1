from rewrite_cli.cli import main

main()
