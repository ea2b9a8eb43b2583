"""The PGS area of producers: charter, producers and plots, peer inspection,
committee decisions, certificates and sanctions, dashboard and plot import."""
