package page

import (
	"errors"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"anchorpathways/internal/portal"
)

// Forms declare their rules in `validate` tags and their messages in `msg`
// tags ("required=Enter your name;max=Name must be 100 characters or fewer"),
// so each error names the field and says how to fix it.
var (
	validateOnce sync.Once
	validate     *validator.Validate
)

func checker() *validator.Validate {
	validateOnce.Do(func() {
		validate = validator.New(validator.WithRequiredStructEnabled())
		validate.RegisterTagNameFunc(func(f reflect.StructField) string { return f.Tag.Get("form") })
	})
	return validate
}

// Bind reads the posted form into dst (a form struct, never a model); a
// body that does not bind is echo.ErrBadRequest.
func Bind(c echo.Context, dst any) error {
	if err := (&echo.DefaultBinder{}).BindBody(c, dst); err != nil {
		return echo.ErrBadRequest
	}
	return nil
}

// Check runs the tags of form and returns the errors in field order (an
// empty ValidationError when all pass, never nil).
func Check(form any) *portal.ValidationError {
	v := &portal.ValidationError{}
	err := checker().Struct(form)
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return v
	}
	t := reflect.TypeOf(form)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for _, fe := range verrs {
		f, _ := t.FieldByName(fe.StructField())
		v.Add(fe.Field(), message(f.Tag.Get("msg"), fe.Tag()))
	}
	return v
}

func message(tag, rule string) string {
	var fallback string
	for _, part := range strings.Split(tag, ";") {
		k, msg, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		if k == rule {
			return msg
		}
		if k == "*" {
			fallback = msg
		}
	}
	if fallback != "" {
		return fallback
	}
	return "Check this answer"
}

// TrimAll trims the spaces a phone keyboard adds around every string field.
func TrimAll(form any) {
	v := reflect.ValueOf(form).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(strings.TrimSpace(f.String()))
		case reflect.Slice:
			if f.Type().Elem().Kind() == reflect.String {
				for j := 0; j < f.Len(); j++ {
					f.Index(j).SetString(strings.TrimSpace(f.Index(j).String()))
				}
			}
		}
	}
}

// Ordered sorts field errors into the order the fields appear on the page,
// so the error summary reads top to bottom; fields not named keep their
// order at the end.
func Ordered(errs []portal.FieldError, fields ...string) []portal.FieldError {
	out := make([]portal.FieldError, 0, len(errs))
	for _, f := range fields {
		for _, e := range errs {
			if e.Field == f {
				out = append(out, e)
			}
		}
	}
	for _, e := range errs {
		found := false
		for _, f := range fields {
			found = found || e.Field == f
		}
		if !found {
			out = append(out, e)
		}
	}
	return out
}
