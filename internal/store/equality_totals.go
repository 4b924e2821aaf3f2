package store

import (
	"context"
	"strconv"
)

// SuppressBelow is the smallest count shown: fewer could point at a person.
const SuppressBelow = 5

// EqualityCell is one answer's count, or suppressed.
type EqualityCell struct {
	Label      string
	Count      int
	Suppressed bool
}

// Shown is the cell as the page and its CSV show it.
func (c EqualityCell) Shown() string {
	if c.Suppressed {
		return "Fewer than " + strconv.Itoa(SuppressBelow)
	}
	return strconv.Itoa(c.Count)
}

// EqualityTable is one question's answers and the total who answered it.
type EqualityTable struct {
	Legend string
	Cells  []EqualityCell
	Total  int
}

// EqualityTotals counts the answers to each question for months from..to
// ("2026-01"), grouped in SQL. Counts from 1 to 4 are suppressed, and when a
// question has exactly one such cell the next smallest is suppressed too, so
// that it cannot be worked out from the total. The coordinator only (the
// route checks); nobody sees an individual's answers.
func (s *Store) EqualityTotals(ctx context.Context, from, to string) (_ []EqualityTable, err error) {
	defer named(&err, "EqualityTotals")
	db := s.db.WithContext(ctx)
	var total int64
	if err := db.Table("equality_answers").Where("month >= ? AND month <= ?", from, to).Count(&total).Error; err != nil {
		return nil, err
	}
	var out []EqualityTable
	for _, q := range EqualityQuestions() {
		var rows []struct {
			Answer string
			N      int
		}
		if err := db.Table("equality_answers").Select(q.Column+" AS answer, COUNT(*) AS n").
			Where("month >= ? AND month <= ?", from, to).Group(q.Column).Scan(&rows).Error; err != nil {
			return nil, err
		}
		counts := map[string]int{}
		for _, r := range rows {
			counts[r.Answer] = r.N
		}
		t := EqualityTable{Legend: q.Legend, Total: int(total)}
		for _, o := range q.Options {
			t.Cells = append(t.Cells, EqualityCell{Label: o.Label, Count: counts[o.Value]})
		}
		t.Cells = append(t.Cells, EqualityCell{Label: "Not answered", Count: counts[""]})
		suppress(t.Cells, t.Total)
		out = append(out, t)
	}
	return out, nil
}

// TotalShown is the total as shown: suppressed like a cell when small.
func (t EqualityTable) TotalShown() string {
	return EqualityCell{Count: t.Total, Suppressed: t.Total > 0 && t.Total < SuppressBelow}.Shown()
}

// suppress hides counts from 1 to SuppressBelow-1 and, when only one is
// hidden, the smallest other non-zero count (secondary suppression). When
// fewer than SuppressBelow answered at all, every cell is hidden, zeros too:
// "none chose B" among 3 people tells what each of them chose.
func suppress(cells []EqualityCell, total int) {
	if total > 0 && total < SuppressBelow {
		for i := range cells {
			cells[i].Suppressed = true
		}
		return
	}
	hidden := 0
	for i := range cells {
		if cells[i].Count > 0 && cells[i].Count < SuppressBelow {
			cells[i].Suppressed = true
			hidden++
		}
	}
	if hidden != 1 {
		return
	}
	next := -1
	for i, c := range cells {
		if !c.Suppressed && c.Count > 0 && (next < 0 || c.Count < cells[next].Count) {
			next = i
		}
	}
	if next >= 0 {
		cells[next].Suppressed = true
	}
}
