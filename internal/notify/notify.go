// Package notify delivers the outbox: a Worker leases pending messages from
// the store and sends each through an SMSGateway or a Mailer, so that a
// message is written in the same transaction as the change that causes it and
// sent after that change commits, at least once and, while leases hold,
// exactly once.
//
// Nothing here logs a recipient or a message body: logs carry the message ID
// and channel only.
package notify

import "context"

// SMSGateway sends one text message to a mobile number in E.164 form.
// Implementations: HTTPGateway, Demo. Errors must not contain the body.
type SMSGateway interface {
	SendSMS(ctx context.Context, to, body string) error
}

// Mailer sends one plain-text email. Implementations: SMTPMailer, Demo.
type Mailer interface {
	SendEmail(ctx context.Context, to, subject, body string) error
}

// Demo delivers nothing anywhere: in demo mode messages stay readable at
// /dev/outbox, where the worker marks them sent. It implements both
// SMSGateway and Mailer.
type Demo struct{}

// SendSMS accepts the message and sends nothing.
func (Demo) SendSMS(context.Context, string, string) error { return nil }

// SendEmail accepts the message and sends nothing.
func (Demo) SendEmail(context.Context, string, string, string) error { return nil }

var (
	_ SMSGateway = Demo{}
	_ Mailer     = Demo{}
	_ SMSGateway = (*HTTPGateway)(nil)
	_ Mailer     = (*SMTPMailer)(nil)
)
