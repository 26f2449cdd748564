"""Test helpers shared across the layers' test folders: strategies, identity checks, small plans,
storage cases, AppTest helpers, and the repository root and system tools (`tools`)."""
