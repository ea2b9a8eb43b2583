"""Stock: levels, the movement log, counts, kits and low-stock alerts."""
