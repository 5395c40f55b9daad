"""The GPU lane: a persistent job queue and one worker that runs GPU work one job at a time.

`queue` owns the Job rows (submit, atomic claim, fair order, progress, cancel, recovery);
`worker` runs them; `handlers` turns a job kind into a call on the studio's services.
"""
