"""Side-by-side benchmarks of the Java (parallel) kernel against its peers."""
