// Package civil owns the calendar day (a date without a time of day) and the
// age in full years (만 나이) that the welfare packages compute from it.
//
// It never reads a clock: callers pass the day, taken from their injected
// clock.Clock and converted with InSeoul, so that a simulated year moves ages
// exactly as a real one does. It holds no personal data of its own and its
// errors never echo the value they refuse.
package civil
