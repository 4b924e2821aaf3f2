package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"anchorpathways/internal/portal"
)

// Demo organisation and pathway IDs are fixed so that seeding twice changes
// nothing.
const (
	DemoTrustID       = "demo-org-uhb"
	DemoPioneerID     = "demo-org-pioneer"
	DemoSecondHousing = "demo-org-northside"
	DemoCouncilID     = "demo-org-council"
	DemoNetworkID     = "demo-org-network"
	DemoCastleValeID  = "demo-hood-castle-vale"
	DemoHTHID         = "demo-pathway-hth"
	DemoHTHCohortID   = "demo-cohort-hth-1"
)

// SeedDemo loads the demo network of the product brief: the trust, Pioneer
// Housing Group, a second housing provider, a second employer and the
// Birmingham Anchor Network; Castle Vale (B35 7); Hospitality to Health with
// an open cohort of 10 places; and a second pathway from retail. Running it
// again changes nothing. m writes the story's messages, with the portal's
// address for their links, as the portal's own would be.
func (s *Store) SeedDemo(ctx context.Context, m Messages) error {
	now := s.now()
	day := func(d int) time.Time {
		return time.Date(now.Year(), now.Month(), now.Day(), 9, 30, 0, 0, time.UTC).AddDate(0, 0, d)
	}
	orgs := []Organisation{
		{ID: DemoTrustID, Name: "University Hospitals Birmingham NHS Foundation Trust", Kind: KindEmployer, ContactEmail: "recruitment@uhb.example"},
		{ID: DemoPioneerID, Name: "Pioneer Housing Group", Kind: KindHousingProvider, ContactEmail: "communities@pioneer.example"},
		{ID: DemoSecondHousing, Name: "Northside Homes", Kind: KindHousingProvider, ContactEmail: "tenancy@northside.example"},
		{ID: DemoCouncilID, Name: "Birmingham City Council", Kind: KindEmployer, ContactEmail: "jobs@council.example"},
		{ID: DemoNetworkID, Name: "Birmingham Anchor Network", Kind: KindCoordinator, ContactEmail: "hello@anchor-network.example"},
	}
	for i := range orgs {
		orgs[i].Version, orgs[i].CreatedAt, orgs[i].UpdatedAt = 1, now, now
	}
	hoods := []Neighbourhood{
		{ID: DemoCastleValeID, Name: "Castle Vale"},
		{ID: "demo-hood-kingstanding", Name: "Kingstanding"},
	}
	for i := range hoods {
		hoods[i].Version, hoods[i].CreatedAt, hoods[i].UpdatedAt = 1, now, now
	}
	sectors := []NeighbourhoodSector{
		{NeighbourhoodID: DemoCastleValeID, Sector: "B35 7"},
		{NeighbourhoodID: "demo-hood-kingstanding", Sector: "B44 0"},
		{NeighbourhoodID: "demo-hood-kingstanding", Sector: "B44 9"},
	}
	pathways := []Pathway{
		{
			ID: DemoHTHID, Slug: "hospitality-to-health", Name: "Hospitality to Health", RefPrefix: "HTH",
			EmployerID: DemoTrustID, FromSector: "hospitality",
			Summary:         "Move from hospitality into a job at your local NHS hospitals. A free 2-week course, then a guaranteed interview.",
			Description:     "If you have worked in a restaurant, hotel, bar, café or kitchen, you already have skills hospitals need: looking after people, working in a team and keeping things clean and safe. This pathway helps you use them in the NHS.",
			EligibilityText: "You can apply if you live in Castle Vale or rent your home from Pioneer Housing Group or Northside Homes, you are 18 or over, and you have the right to work in the UK. You do not need any qualifications.",
			IsOpen:          true,
		},
		{
			ID: "demo-pathway-rtc", Slug: "retail-to-council", Name: "Retail to Council Services", RefPrefix: "RTC",
			EmployerID: DemoCouncilID, FromSector: "retail",
			Summary:         "Use your retail experience in council customer service and facilities jobs. A free 1-week course, then a guaranteed interview.",
			Description:     "Shop work teaches you to help people, handle money and stay calm when it is busy. Council customer service and facilities teams need the same skills.",
			EligibilityText: "You can apply if you live in Castle Vale or Kingstanding or rent your home from Pioneer Housing Group, you are 18 or over, and you have the right to work in the UK.",
			IsOpen:          true,
		},
	}
	for i := range pathways {
		pathways[i].Version, pathways[i].CreatedAt, pathways[i].UpdatedAt = 1, now, now
	}
	roles := []Role{
		{ID: "demo-role-hca", PathwayID: DemoHTHID, Title: "Healthcare support worker", Pay: "£24,071 a year (NHS Band 2)", Hours: "Full time or part time, shifts including weekends", Position: 1,
			Description: "Help nurses care for patients on the wards: washing, dressing, meals and keeping people comfortable."},
		{ID: "demo-role-host", PathwayID: DemoHTHID, Title: "Ward host", Pay: "£24,071 a year (NHS Band 2)", Hours: "Part time, days", Position: 2,
			Description: "Serve meals and drinks to patients and keep the ward kitchen running."},
		{ID: "demo-role-catering", PathwayID: DemoHTHID, Title: "Catering assistant", Pay: "£23,615 a year (NHS Band 1 equivalent)", Hours: "Full time or part time", Position: 3,
			Description: "Prepare and serve food for patients, staff and visitors."},
		{ID: "demo-role-domestic", PathwayID: DemoHTHID, Title: "Domestic assistant", Pay: "£23,615 a year", Hours: "Part time, early mornings or evenings", Position: 4,
			Description: "Keep wards and clinics clean and safe for patients."},
		{ID: "demo-role-porter", PathwayID: DemoHTHID, Title: "Porter", Pay: "£24,071 a year (NHS Band 2)", Hours: "Full time, shifts", Position: 5,
			Description: "Move patients, equipment and supplies around the hospital."},
		{ID: "demo-role-csa", PathwayID: "demo-pathway-rtc", Title: "Customer service adviser", Pay: "£24,294 a year", Hours: "Full time or part time, office hours", Position: 1,
			Description: "Help residents by phone and face to face at the council's service centres."},
		{ID: "demo-role-facilities", PathwayID: "demo-pathway-rtc", Title: "Facilities assistant", Pay: "£23,500 a year", Hours: "Full time", Position: 2,
			Description: "Look after council buildings, set up rooms and help visitors."},
	}
	courses := []Course{
		{ID: "demo-course-hth", PathwayID: DemoHTHID, Name: "Introduction to working in the NHS",
			Summary: "Two weeks, Monday to Thursday, 9:30am to 2:30pm, so you can fit it around school runs. You learn about infection control, moving and handling, food hygiene, and what each hospital job is like. Travel costs and lunch are covered.",
			Outcome: "Everyone who finishes the course gets a guaranteed interview for a job at the trust, either a permanent post or on the staff bank."},
		{ID: "demo-course-rtc", PathwayID: "demo-pathway-rtc", Name: "Council customer service starter course",
			Summary: "One week, Monday to Friday, 10am to 3pm. You learn how council services work, handling difficult conversations, and the computer systems the teams use.",
			Outcome: "Everyone who finishes the course gets a guaranteed interview."},
	}
	for i := range courses {
		courses[i].Version, courses[i].CreatedAt, courses[i].UpdatedAt = 1, now, now
	}
	cohorts := []Cohort{
		{ID: DemoHTHCohortID, CourseID: "demo-course-hth", StartsOn: day(28), EndsOn: day(39), ClosesAt: day(18),
			VenueName: "Castle Vale Community Hub", VenueAddress: "Reed Square, Castle Vale, Birmingham", VenuePostcode: "B35 7PR", Capacity: 10},
		{ID: "demo-cohort-hth-2", CourseID: "demo-course-hth", StartsOn: day(70), EndsOn: day(81), ClosesAt: day(60),
			VenueName: "Castle Vale Community Hub", VenueAddress: "Reed Square, Castle Vale, Birmingham", VenuePostcode: "B35 7PR", Capacity: 12},
		{ID: "demo-cohort-rtc-1", CourseID: "demo-course-rtc", StartsOn: day(35), EndsOn: day(39), ClosesAt: day(25),
			VenueName: "Kingstanding Library", VenueAddress: "Kingstanding Circle, Birmingham", VenuePostcode: "B44 9AT", Capacity: 8},
	}
	for i := range cohorts {
		cohorts[i].Version, cohorts[i].CreatedAt, cohorts[i].UpdatedAt = 1, now, now
	}
	type link struct{ A, B string }
	providers := []link{{DemoCastleValeID, DemoPioneerID}, {"demo-hood-kingstanding", DemoSecondHousing}}
	pathwayProviders := []link{{DemoHTHID, DemoPioneerID}, {DemoHTHID, DemoSecondHousing}, {"demo-pathway-rtc", DemoPioneerID}}
	pathwayHoods := []link{{DemoHTHID, DemoCastleValeID}, {"demo-pathway-rtc", DemoCastleValeID}, {"demo-pathway-rtc", "demo-hood-kingstanding"}}
	type rule struct {
		pathway, factor, value string
		weight                 int
		reason                 string
	}
	rules := []rule{
		{DemoHTHID, "sector", "hospitality", 30, "You have worked in hospitality: hospital catering and ward host teams value that experience."},
		{DemoHTHID, "skill", "food_hygiene", 20, "You know food hygiene: hospital catering teams need it every day."},
		{DemoHTHID, "skill", "customer_service", 10, "Your customer service skills help you look after patients and visitors."},
		{DemoHTHID, "skill", "cleaning", 10, "Your cleaning experience fits domestic roles that keep wards safe."},
		{DemoHTHID, "skill", "caring", 20, "You have cared for people: healthcare support workers do that every shift."},
		{DemoHTHID, "sector", "care", 20, "You have worked in care: that experience counts on hospital wards."},
		{DemoHTHID, "interest", "healthcare_support", 25, "You want to support patients: this pathway leads to healthcare support worker jobs."},
		{DemoHTHID, "interest", "ward_host", 20, "You are interested in ward host work, one of this pathway's roles."},
		{DemoHTHID, "interest", "catering", 20, "You are interested in catering, one of this pathway's roles."},
		{DemoHTHID, "interest", "domestic", 15, "You are interested in cleaning work, one of this pathway's roles."},
		{DemoHTHID, "interest", "porter", 15, "You are interested in portering, one of this pathway's roles."},
		{DemoHTHID, "situation", "at_risk", 10, "You may lose your job soon: the course starts quickly and ends in a guaranteed interview."},
		{"demo-pathway-rtc", "sector", "retail", 30, "You have worked in retail: council customer service teams use the same skills."},
		{"demo-pathway-rtc", "skill", "cash_handling", 10, "You can handle cash and payments, which council service centres need."},
		{"demo-pathway-rtc", "skill", "customer_service", 15, "Your customer service skills are what council service centres need most."},
		{"demo-pathway-rtc", "skill", "computer", 10, "You are comfortable with computers, which council teams use all day."},
		{"demo-pathway-rtc", "interest", "customer_service_roles", 25, "You want customer service work: this pathway leads to council adviser jobs."},
		{"demo-pathway-rtc", "interest", "facilities", 20, "You are interested in facilities work, one of this pathway's roles."},
		{"demo-pathway-rtc", "hours", "full_time", 5, "The council roles are mostly full time, which suits you."},
	}
	return failed("SeedDemo", s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&orgs).Error; err != nil {
			return err
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&hoods).Error; err != nil {
			return err
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&sectors).Error; err != nil {
			return err
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&pathways).Error; err != nil {
			return err
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&roles).Error; err != nil {
			return err
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&courses).Error; err != nil {
			return err
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&cohorts).Error; err != nil {
			return err
		}
		for _, l := range providers {
			if err := tx.Exec(`INSERT INTO neighbourhood_providers (neighbourhood_id, organisation_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, l.A, l.B).Error; err != nil {
				return err
			}
		}
		for _, l := range pathwayProviders {
			if err := tx.Exec(`INSERT INTO pathway_providers (pathway_id, organisation_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, l.A, l.B).Error; err != nil {
				return err
			}
		}
		for _, l := range pathwayHoods {
			if err := tx.Exec(`INSERT INTO pathway_neighbourhoods (pathway_id, neighbourhood_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, l.A, l.B).Error; err != nil {
				return err
			}
		}
		for _, r := range rules {
			if err := tx.Exec(`INSERT INTO routing_rules (id, pathway_id, factor, value, weight, reason, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				"demo-rule-"+r.pathway+"-"+r.factor+"-"+r.value, r.pathway, r.factor, r.value, r.weight, r.reason, now, now).Error; err != nil {
				return err
			}
		}
		if err := s.seedDemoStaff(tx, now); err != nil {
			return err
		}
		if err := s.seedDemoLifecycle(tx, now, m); err != nil { // demo_lifecycle.go
			return err
		}
		return seedDemoReferrals(tx, now, m) // demo_referrals.go
	}))
}

// DemoPassword signs in every demo staff account. Demo mode only: the
// accounts exist nowhere else and the sign-in page lists them.
const DemoPassword = "castle vale demo"

// DemoStaff are the ready accounts, one per role, second factor off.
var DemoStaff = []struct {
	Email, Name, OrganisationID string
	Role                        portal.Role
}{
	{"coordinator@demo.anchor-pathways.test", "Cora Ordinator", DemoNetworkID, portal.RoleCoordinator},
	{"housing.officer@demo.anchor-pathways.test", "Hamid Officer", DemoPioneerID, portal.RoleHousingOfficer},
	{"recruiter@demo.anchor-pathways.test", "Rita Cruiter", DemoTrustID, portal.RoleRecruiter},
}

// ErrDemoAccounts means the database holds the demo network's staff
// accounts, whose password is published on the demo sign-in page.
var ErrDemoAccounts = errors.New("this database holds the demo network's staff accounts, whose password is published; start with -demo, or use a fresh database (a new PORTAL_DATA_DIR or DATABASE_URL)")

// RefuseDemoAccounts returns ErrDemoAccounts when any demo staff account
// that can sign in exists. cmd/portal calls it before serving outside demo
// mode, so a database that once ran -demo never serves real use with the
// published password.
func (s *Store) RefuseDemoAccounts(ctx context.Context) error {
	emails := make([]string, len(DemoStaff))
	for i, d := range DemoStaff {
		emails[i] = d.Email
	}
	var n int64
	err := s.db.WithContext(ctx).Model(&StaffUser{}).Where("(email IN ? OR email LIKE ?) AND disabled_at IS NULL", emails, "%@demo.anchor-pathways.test").Count(&n).Error
	if err != nil {
		return fmt.Errorf("store: RefuseDemoAccounts: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("store: RefuseDemoAccounts: %w", ErrDemoAccounts)
	}
	return nil
}

func (s *Store) seedDemoStaff(tx *gorm.DB, now time.Time) error {
	var have int64
	if err := tx.Model(&StaffUser{}).Where("email LIKE ?", "%@demo.anchor-pathways.test").Count(&have).Error; err != nil || have == int64(len(DemoStaff)) {
		return err
	}
	hash, err := portal.HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	for _, d := range DemoStaff {
		u := StaffUser{ID: "demo-staff-" + string(d.Role), OrganisationID: d.OrganisationID, Email: d.Email, FullName: d.Name, Role: d.Role,
			PasswordHash: hash, MFAExempt: true, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&u).Error; err != nil {
			return err
		}
	}
	return nil
}

// IsDemoID reports whether id has the shape of a demo record's fixed ID
// ("demo-" and lower-case words, digits, - and _), which is not portal.NewID's shape. The web
// edge admits these as well as NewID's, so the demo's pages keep working.
func IsDemoID(id string) bool {
	rest, ok := strings.CutPrefix(id, "demo-")
	if !ok || rest == "" || len(id) > 64 {
		return false
	}
	return strings.Trim(rest, "abcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}
