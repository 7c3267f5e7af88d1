"""Model backends behind one small interface, and exact token counting."""
