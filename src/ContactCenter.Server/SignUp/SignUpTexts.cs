namespace ContactCenter.Server.SignUp;

/// <summary>Texts of the sign-up page, its checks and the sign-up API's problems (<c>SignUpTexts.resx</c>).</summary>
public sealed class SignUpTexts;
