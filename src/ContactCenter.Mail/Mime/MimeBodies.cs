namespace ContactCenter.Mail.Mime;

/// <summary>Chooses the text and HTML bodies of a message and lists the remaining parts as attachments.</summary>
internal static class MimeBodies
{
    /// <summary>
    /// The first text/plain and text/html leaves, in document order, that are not attachments: no disposition
    /// "attachment", no file name, no Content-ID (those are files or inline resources even when they are text).
    /// Embedded messages are not searched: their bodies belong to them.
    /// </summary>
    public static (MimeEntity? Text, MimeEntity? Html) Find(MimeEntity root)
    {
        MimeEntity? text = null, html = null;
        foreach (var leaf in Leaves(root))
        {
            if (leaf.IsAttachment || leaf.FileName is not null || leaf.ContentId is not null)
            {
                continue;
            }

            if (text is null && leaf.ContentType.Is("text", "plain"))
            {
                text = leaf;
            }
            else if (html is null && leaf.ContentType.Is("text", "html"))
            {
                html = leaf;
            }
        }

        return (text, html);
    }

    public static List<MimeAttachment> Attachments(MimeEntity root, MimeEntity? text, MimeEntity? html)
    {
        var result = new List<MimeAttachment>();
        foreach (var leaf in Leaves(root))
        {
            if (leaf == text || leaf == html)
            {
                continue;
            }

            var isBodyText = leaf.ContentType.MediaType == "text" && !leaf.IsAttachment && leaf.FileName is null && leaf.ContentId is null;
            if (!isBodyText && !leaf.ContentType.IsMultipart)
            {
                result.Add(new MimeAttachment(leaf));
            }
        }

        return result;
    }

    /// <summary>Entities without children, in document order, walked with an explicit stack.</summary>
    public static IEnumerable<MimeEntity> Leaves(MimeEntity root)
    {
        var stack = new Stack<MimeEntity>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var entity = stack.Pop();
            if (entity.Children.Count == 0)
            {
                if (!(entity.ContentType.IsMultipart && entity.RawBody.IsEmpty))
                {
                    yield return entity;
                }

                continue;
            }

            for (var k = entity.Children.Count - 1; k >= 0; k--)
            {
                stack.Push(entity.Children[k]);
            }
        }
    }
}
