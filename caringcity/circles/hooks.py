"""What circles registers with the apps below it at start-up. Each part appends its own block."""
