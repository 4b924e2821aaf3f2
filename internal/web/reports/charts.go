package reports

import (
	"strconv"

	"anchorpathways/internal/store"
)

// The charts are drawn on the server as SVG, so they need no script; the
// geometry is worked out here and the template only places it. Every chart
// has a table with the same figures beside it for screen readers.

const (
	chartWidth = 640
	labelWidth = 200
	barSpace   = 380 // room for the longest bar; its count is written after it
	barHeight  = 22
	rowGap     = 10
)

// Bar is one bar: where it is, how long, what it shows.
type Bar struct {
	Y, Width, TextY int
	ValueX          int // where the count is written, after the bar
	Label, Value    string
	Fill            string
}

// palette are GOV.UK colours, each with at least 3:1 contrast on white.
var palette = []string{"#1d70b8", "#003078", "#00703c", "#005a30", "#4c2c92", "#912b88", "#0b0c0c"}

// Chart is an SVG's whole geometry.
type Chart struct {
	Height     int
	LabelWidth int
	Bars       []Bar
	// Groups label the groups of bars (the neighbourhoods) when there are.
	Groups []Bar
}

func barWidth(n, max int) int {
	if max == 0 || n == 0 {
		return 0
	}
	return max1(n * barSpace / max)
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// funnelChart is a bar per step, as long as its count.
func funnelChart(f store.ReportFigures) Chart {
	c := Chart{LabelWidth: labelWidth}
	steps := funnelSteps(f)
	for i, s := range steps {
		y := i * (barHeight + rowGap)
		c.Bars = append(c.Bars, Bar{Y: y, Width: barWidth(s.Count, f.Applicants), TextY: y + barHeight - 6,
			Label: s.Label, Value: strconv.Itoa(s.Count), Fill: palette[min(i, len(palette)-1)]})
	}
	c.Height = len(steps) * (barHeight + rowGap)
	c.placeValues()
	return c
}

// neighbourhoodChart is, for each neighbourhood, three bars: applicants,
// jobs, and in work at 26 weeks, on one scale.
func neighbourhoodChart(rows []store.ReportRow) Chart {
	c := Chart{LabelWidth: labelWidth}
	most := 0
	for _, r := range rows {
		most = max(most, r.Applicants)
	}
	y := 0
	for _, r := range rows {
		c.Groups = append(c.Groups, Bar{Y: y, TextY: y + 14, Label: r.Label})
		y += 20
		for i, b := range []struct {
			label string
			n     int
		}{{"Applicants", r.Applicants}, {"Jobs", r.Jobs}, {"In work at 26 weeks", r.InWork26}} {
			c.Bars = append(c.Bars, Bar{Y: y, Width: barWidth(b.n, most), TextY: y + barHeight - 6, Label: b.label,
				Value: strconv.Itoa(b.n), Fill: palette[i*2]})
			y += barHeight + 4
		}
		y += rowGap * 2
	}
	c.Height = max(y, 1)
	c.placeValues()
	return c
}

func (c *Chart) placeValues() {
	for i := range c.Bars {
		c.Bars[i].ValueX = c.LabelWidth + c.Bars[i].Width + 6
	}
}
