"""What emitted Mesh programs import. Never imports the compiler."""
