from quanhe.cli import main

main()
