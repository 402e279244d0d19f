"""Engines run the one stage list over a batch: `local` in this process, `ray_cluster` on Ray. `plan`
makes the plan before any model loads; `collect`, `outdir` and `report` are the batch's inputs, output
folder and report."""
