package reports

import (
	"strconv"

	"anchorpathways/internal/store"
)

// Table is one table of the report, as the page and the CSV file show it:
// the same figures in both.
type Table struct {
	Name    string // the download's name: funnel, neighbourhoods, ...
	Caption string
	Head    []string
	Rows    [][]string
}

// figureHead is the column headings of a figures table after its first.
var figureHead = []string{"Applicants", "Places filled", "Courses completed", "Interviews", "Jobs", "Substantive jobs", "Bank jobs", "In work at 13 weeks", "In work at 26 weeks"}

func figures(f store.ReportFigures) []string {
	out := make([]string, 0, len(figureHead))
	for _, n := range []int{f.Applicants, f.PlacesFilled, f.CoursesCompleted, f.Interviews, f.Jobs, f.JobsSubstantive, f.JobsBank, f.InWork13, f.InWork26} {
		out = append(out, strconv.Itoa(n))
	}
	return out
}

func figuresTable(name, caption, first string, rows []store.ReportRow) Table {
	t := Table{Name: name, Caption: caption, Head: append([]string{first}, figureHead...)}
	for _, r := range rows {
		t.Rows = append(t.Rows, append([]string{r.Label}, figures(r.ReportFigures)...))
	}
	return t
}

// step is one step of the funnel.
type step struct {
	Label string
	Count int
}

func funnelSteps(f store.ReportFigures) []step {
	return []step{
		{"Applicants", f.Applicants}, {"Places filled", f.PlacesFilled}, {"Courses completed", f.CoursesCompleted},
		{"Interviews", f.Interviews}, {"Jobs", f.Jobs}, {"In work at 13 weeks", f.InWork13}, {"In work at 26 weeks", f.InWork26},
	}
}

// percentOf is n as a whole percentage of total ("–" when total is 0).
func percentOf(n, total int) string {
	if total == 0 {
		return "–"
	}
	return strconv.Itoa((n*100+total/2)/total) + "%"
}

// tables are every table of the report, in page order.
func tables(r store.ImpactReport) []Table {
	funnel := Table{Name: "funnel", Caption: "Funnel: how many applicants reached each step", Head: []string{"Step", "Residents", "Of applicants"}}
	for _, s := range funnelSteps(r.Totals) {
		funnel.Rows = append(funnel.Rows, []string{s.Label, strconv.Itoa(s.Count), percentOf(s.Count, r.Totals.Applicants)})
	}
	return []Table{
		funnel,
		figuresTable("neighbourhoods", "By neighbourhood", "Neighbourhood", r.ByNeighbourhood),
		figuresTable("pathways", "By pathway", "Pathway", r.ByPathway),
		figuresTable("cohorts", "By course date", "Course date", r.ByCohort),
		figuresTable("sources", "By referral source", "How they came", r.BySource),
	}
}
