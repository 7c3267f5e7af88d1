from kkgpt.cli import main
import sys
sys.exit(main())
