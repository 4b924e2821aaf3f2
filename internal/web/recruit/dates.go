package recruit

import (
	"strconv"
	"strings"
	"time"
)

// dateInput is one GOV.UK date input (day, month and year boxes) as posted
// and as shown again.
type dateInput struct {
	Name, Legend, Hint string
	Day, Month, Year   string
	Err                string
}

// of fills the input from a date, for a form's first showing.
func dateOf(name, legend, hint string, t time.Time) dateInput {
	d := dateInput{Name: name, Legend: legend, Hint: hint}
	if !t.IsZero() {
		d.Day, d.Month, d.Year = strconv.Itoa(t.Day()), strconv.Itoa(int(t.Month())), strconv.Itoa(t.Year())
	}
	return d
}

// parse reads the boxes as a date at midnight UTC; msg says what is wrong
// ("" when nothing is).
func (d dateInput) parse() (t time.Time, msg string) {
	if strings.TrimSpace(d.Day+d.Month+d.Year) == "" {
		return t, "Enter the " + strings.ToLower(d.Legend)
	}
	day, errD := strconv.Atoi(strings.TrimSpace(d.Day))
	month, errM := strconv.Atoi(strings.TrimSpace(d.Month))
	year, errY := strconv.Atoi(strings.TrimSpace(d.Year))
	if errD != nil || errM != nil || errY != nil || month < 1 || month > 12 || day < 1 || len(strings.TrimSpace(d.Year)) != 4 {
		return t, d.Legend + " must be a real date, like 27 3 2027"
	}
	t = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, d.Legend + " must be a real date, like 27 3 2027"
	}
	return t, ""
}

// clockTime reads "14:30" (or "9:05", "14.30") as hours and minutes.
func clockTime(s string) (time.Duration, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ":")
	h, m, ok := strings.Cut(s, ":")
	if !ok {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return 0, false
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, true
}
