package auth

// AssistState marks an apply journey a housing officer fills in with the
// tenant beside them (web/referrals): the officer, and the declarations the
// tenant agreed to. The tenant still proves their own contact with the code
// sent to it; the application records who assisted once it is sent.
type AssistState struct {
	OfficerID string   `json:"officer_id"`
	Consent   []string `json:"consent"`
	// ShareProgress is the tenant's answer: may the officer's organisation
	// see how the application is going?
	ShareProgress bool `json:"share_progress"`
}
