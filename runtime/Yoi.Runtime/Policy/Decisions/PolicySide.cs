namespace Yoi.Runtime.Policy;

/// <summary>Which list a target came from: the plugin's manifest or the user's grant.</summary>
public enum PolicySide
{
    Declaration,
    Grant,
}
