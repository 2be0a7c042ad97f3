"""The protocol section of the data file: the protocol files of the occasions the seeds describe."""


def load(load, data):
    return {}
