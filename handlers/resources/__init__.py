"""Browse Keitaro resources: one generic browser, one declaration per resource."""
