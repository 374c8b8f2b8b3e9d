"""The education subgraph (Dapodik / PDDikti): education records on ``Citizen``, and schools."""
