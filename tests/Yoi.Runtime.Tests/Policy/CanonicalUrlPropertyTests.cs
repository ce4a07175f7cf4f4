using Yoi.Runtime.Policy;
using Yoi.Runtime.Tests.Properties;

namespace Yoi.Runtime.Tests.Policy;

/// <summary>
/// Properties of <see cref="CanonicalUrl"/> over generated URLs (<see cref="UrlGen"/>): parsing never
/// throws, the canonical form is a fixed point, <see cref="Uri"/> (which both connectors build from it)
/// keeps it exactly, and a URL the policy allows is checked and sent in that form.
/// </summary>
[Collection(PropertyCollection.Name)]
public class CanonicalUrlPropertyTests
{
    [Fact]
    public void Parsing_any_text_returns_a_value() =>
        PropertyRun.Check(UrlGen.AnyText, text =>
        {
            var result = CanonicalUrl.Parse(text);
            Assert.NotEmpty(result.IsOk ? result.Value.ToString() : result.Error.Message);
        }, iterations: 20000);

    [Fact]
    public void The_canonical_form_parses_back_to_itself() =>
        PropertyRun.Check(UrlGen.Url, url =>
        {
            if (!CanonicalUrl.Parse(url).TryGetValue(out var canonical, out _))
            {
                return;
            }

            var text = canonical.ToString();
            var again = CanonicalUrl.Parse(text);
            Assert.True(again.IsOk, $"'{url}' -> '{text}', which is refused: {again}");
            Assert.Equal(text, again.Value.ToString());
            Assert.Equal(canonical, again.Value);
        }, iterations: 20000);

    [Fact]
    public void Uri_keeps_the_canonical_form_unchanged() =>
        PropertyRun.Check(UrlGen.Url, url =>
        {
            if (CanonicalUrl.Parse(url).TryGetValue(out var canonical, out _))
            {
                SentForm.AssertUriKeeps(canonical);
            }
        }, iterations: 20000);

    [Fact]
    public void An_allowed_url_is_decided_and_sent_in_canonical_form() =>
        PropertyRun.Check(UrlGen.Url, url =>
        {
            if (!CanonicalUrl.Parse(url).TryGetValue(out var canonical, out _))
            {
                return;
            }

            var target = SentForm.TargetCovering(canonical);
            var decision = canonical.Scheme is "ws" or "wss"
                ? PolicyEngine.DecideWebSocket(url, [], [target], [target])
                : PolicyEngine.DecideRequest(url, "GET", [target], [target]);

            Assert.True(decision.IsAllowed, $"{url}: {decision.Message}");
            Assert.Equal(canonical.ToString(), decision.Access!.Url.ToString());
            SentForm.AssertUriKeeps(decision.Access.Url);
        }, iterations: 10000);
}
