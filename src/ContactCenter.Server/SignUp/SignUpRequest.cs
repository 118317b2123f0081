namespace ContactCenter.Server.SignUp;

/// <summary>The body of <c>POST /api/signup</c> and the fields of the sign-up page.</summary>
public sealed record SignUpRequest(string? CompanyName, string? Slug, string? AdminEmail, string? AdminPassword);

/// <summary>
/// The body of a 201 answer: the tenant that now exists, and whether a link to confirm the administrator's address was
/// sent (mailed, or written to the server log when the platform sends no mail).
/// </summary>
public sealed record SignUpResponse(Guid Id, string Slug, string Name, string Status, string Url, bool EmailConfirmationSent);
