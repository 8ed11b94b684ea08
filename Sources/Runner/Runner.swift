// Runs notebooks: parameters, data, cell order, error policy, timeouts, batch runs (SPEC §4, §6).
