"""One module per figure; each adds its measures to the run and cleans up what it started."""
