package auth

import (
	"context"
	"fmt"
	"net/http"
)

// Registration describes an endpoint to register (POST /endpoints, §1).
type Registration struct {
	Name        string
	Description string
	TenantName  string // empty: "TOP"
	AdminUser   string // e.g. `LOCAL\admin`
	AdminPass   Secret
}

// Register registers this machine as an endpoint with an administrator's
// credentials and returns its id and secret. It needs no endpoint session,
// so c may be built with placeholder endpoint values.
func Register(ctx context.Context, httpClient *http.Client, baseURL string, r Registration) (*Endpoint, error) {
	c, err := New(Config{BaseURL: baseURL, EndpointID: "-", EndpointSecret: "-", HTTPClient: httpClient})
	if err != nil {
		return nil, err
	}
	tenant := r.TenantName
	if tenant == "" {
		tenant = "TOP"
	}
	type authData struct {
		MethodID MethodID `json:"method_id"`
		UserName string   `json:"user_name"`
		Password string   `json:"password"`
	}
	body := struct {
		Name       string   `json:"name"`
		Typ        int      `json:"typ"`
		Desc       string   `json:"desc"`
		IsTrusted  bool     `json:"is_trusted"`
		TenantName string   `json:"tenant_name"`
		AuthData   authData `json:"auth_data"`
	}{r.Name, 3, r.Description, true, tenant, authData{MethodPassword, r.AdminUser, r.AdminPass.Reveal()}}
	var out struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
	}
	if err := c.call(ctx, request{op: "register endpoint", method: http.MethodPost, path: "/endpoints",
		body: body, out: &out}); err != nil {
		return nil, err
	}
	if out.ID == "" || out.Secret == "" {
		return nil, fmt.Errorf("auth: register endpoint: %w: no id or secret", ErrMalformedResponse)
	}
	return &Endpoint{ID: out.ID, Secret: Secret(out.Secret)}, nil
}
