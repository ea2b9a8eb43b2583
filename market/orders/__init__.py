"""Orders of a round's goods: placement within limits, split payment,
fulfilment and cancellation."""
