from safeworkload.cli import main

main()
