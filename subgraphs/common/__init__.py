"""What every subgraph shares: the app factory, the pool, errors, NIK checks and loader helpers."""
