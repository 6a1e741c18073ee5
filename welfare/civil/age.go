package civil

// AgeOn returns the age in full years (만 나이), on day, of someone born on
// d: the years completed, counting the day of birth (Civil Act art. 158).
// Since 2023-06-28 this is the age every Korean statute means unless it says
// otherwise (Framework Act on Administration art. 7-2). It is -1 when day is
// before d.
//
// Someone born on 29 February completes a year at the end of 28 February in
// a common year (Civil Act art. 160(3): a period whose last month has no
// corresponding day ends on that month's last day), so turns a year older
// on 1 March. Comparing (month, day) pairs gives exactly that.
func (d Date) AgeOn(day Date) int {
	if day.Before(d) {
		return -1
	}
	age := int(day.y) - int(d.y)
	if day.m < d.m || day.m == d.m && day.d < d.d {
		age--
	}
	return age
}
