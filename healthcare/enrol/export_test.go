package enrol

// SetChecked sets the hook run between the duplicate check and the writes.
func SetChecked(s *Service, fn func()) { s.checked = fn }
