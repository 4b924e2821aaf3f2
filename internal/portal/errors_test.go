package portal

import (
	"errors"
	"testing"
)

func TestValidationError(t *testing.T) {
	tests := []struct {
		name      string
		adds      [][2]string
		wantEmpty bool
		wantFor   map[string]string
		wantError string
	}{
		{"none", nil, true, map[string]string{"name": ""}, "validation failed"},
		{"one", [][2]string{{"name", "Enter your name"}}, false,
			map[string]string{"name": "Enter your name", "email": ""},
			"validation failed: name: Enter your name"},
		{"first message per field wins", [][2]string{{"postcode", "Enter a postcode"}, {"postcode", "Other"}}, false,
			map[string]string{"postcode": "Enter a postcode"},
			"validation failed: postcode: Enter a postcode"},
		{"page order kept", [][2]string{{"name", "A"}, {"mobile", "B"}, {"name", "C"}, {"email", "D"}}, false,
			map[string]string{"name": "A", "mobile": "B", "email": "D"},
			"validation failed: name: A; mobile: B; email: D"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v ValidationError
			for _, a := range tt.adds {
				v.Add(a[0], a[1])
			}
			if got := v.Empty(); got != tt.wantEmpty {
				t.Errorf("Empty() = %v, want %v", got, tt.wantEmpty)
			}
			for field, want := range tt.wantFor {
				if got := v.For(field); got != want {
					t.Errorf("For(%q) = %q, want %q", field, got, want)
				}
				if got := v.Has(field); got != (want != "") {
					t.Errorf("Has(%q) = %v, want %v", field, got, want != "")
				}
			}
			if got := v.Error(); got != tt.wantError {
				t.Errorf("Error() = %q, want %q", got, tt.wantError)
			}
			err := v.Err()
			if got := err == nil; got != tt.wantEmpty {
				t.Errorf("Err() == nil is %v, want %v", got, tt.wantEmpty)
			}
			if err != nil {
				var ve *ValidationError
				if !errors.As(err, &ve) || ve != &v {
					t.Errorf("errors.As(Err()) = %v, want the same *ValidationError", ve)
				}
			}
		})
	}
}

func TestValidationErrorNil(t *testing.T) {
	var v *ValidationError
	if got, want := v.Empty(), true; got != want {
		t.Errorf("nil Empty() = %v, want %v", got, want)
	}
	if got := v.Err(); got != nil {
		t.Errorf("nil Err() = %v, want nil", got)
	}
	if got, want := v.For("x"), ""; got != want {
		t.Errorf("nil For() = %q, want %q", got, want)
	}
	if got, want := v.Has("x"), false; got != want {
		t.Errorf("nil Has() = %v, want %v", got, want)
	}
	if got, want := v.Error(), "validation failed"; got != want {
		t.Errorf("nil Error() = %q, want %q", got, want)
	}
}

func TestValidationErrorAddErr(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil adds nothing", nil, ""},
		{"error text becomes the message", errors.New("Enter a postcode"), "Enter a postcode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v ValidationError
			v.AddErr("postcode", tt.err)
			if got := v.For("postcode"); got != tt.want {
				t.Errorf("For(postcode) = %q, want %q", got, tt.want)
			}
			if got, want := v.Empty(), tt.err == nil; got != want {
				t.Errorf("Empty() = %v, want %v", got, want)
			}
		})
	}
}

func TestRoleFitsOrganisation(t *testing.T) {
	tests := []struct {
		role Role
		kind string
		want bool
	}{
		{RoleCoordinator, "coordinator", true},
		{RoleCoordinator, "employer", false},
		{RoleHousingOfficer, "housing_provider", true},
		{RoleHousingOfficer, "employer", false},
		{RoleRecruiter, "employer", true},
		{RoleRecruiter, "training_provider", true},
		{RoleRecruiter, "housing_provider", false},
		{Role("admin"), "coordinator", false},
	}
	for _, tt := range tests {
		if got := RoleFitsOrganisation(tt.role, tt.kind); got != tt.want {
			t.Errorf("RoleFitsOrganisation(%s, %s) = %v, want %v", tt.role, tt.kind, got, tt.want)
		}
	}
	if !RoleRecruiter.Valid() || Role("root").Valid() {
		t.Error("Valid is wrong")
	}
}
