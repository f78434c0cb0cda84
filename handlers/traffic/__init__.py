"""/conversions and /clicks: the raw conversion and click logs of the active tracker."""
