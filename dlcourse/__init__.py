"""Support code shared by the course's notebooks: comparisons for the public checks,
datasets generated in code or shipped with pinned packages, and plotting helpers."""
